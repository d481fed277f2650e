-- Times that drive behaviour (an outbox row's first attempt and its age, when an approval was requested, when an
-- invoice was last written, which dates a write-off) come from the app's injected clock, never from the database's.
ALTER TABLE "approval_requests" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "invoices" ALTER COLUMN "updated_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "next_attempt_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "created_at" DROP DEFAULT;