// Runs before every test file: fail on a stray network request by default is handled per file by msw;
// here we only make sure the process has a UTC default zone, so nothing passes by accident.
process.env.TZ = 'UTC';
