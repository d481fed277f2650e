CREATE TABLE "credit_rescore_requests" (
	"scope" text PRIMARY KEY NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"claimed_until" timestamp with time zone
);
