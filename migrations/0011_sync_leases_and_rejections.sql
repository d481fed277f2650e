CREATE TABLE "sync_rejections" (
	"object_type" text NOT NULL,
	"hubspot_id" text NOT NULL,
	"reason" text NOT NULL,
	"properties" jsonb,
	"hubspot_updated_at" timestamp with time zone,
	"run_id" bigint,
	"rejected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sync_rejections_object_type_hubspot_id_pk" PRIMARY KEY("object_type","hubspot_id")
);
--> statement-breakpoint
-- Hand-written: runs recorded before leases get one. A run still marked running keeps the old rule (alive
-- for ten minutes after its last heartbeat); the others' leases ended when they did.
ALTER TABLE "sync_runs" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "holder" text;--> statement-breakpoint
UPDATE "sync_runs" SET
  "lease_until" = CASE WHEN "status" = 'running' THEN "heartbeat_at" + interval '10 minutes'
    ELSE coalesce("finished_at", "heartbeat_at") END,
  "holder" = 'a process from before leases';--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "lease_until" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ALTER COLUMN "holder" SET NOT NULL;