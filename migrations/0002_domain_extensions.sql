CREATE TABLE "credit_portfolio" (
	"base_currency" char(3) PRIMARY KEY NOT NULL,
	"receivables_base_minor" bigint NOT NULL,
	"companies" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hubspot_pushed_values" (
	"object_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"hubspot_id" text NOT NULL,
	"pushed_values" jsonb NOT NULL,
	"gone_at" timestamp with time zone,
	"pushed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hubspot_pushed_values_object_type_record_id_pk" PRIMARY KEY("object_type","record_id")
);
--> statement-breakpoint
ALTER TABLE "credit_profiles" ADD COLUMN "receivables_base_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "source_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "dunning_stage" text;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_pending_limit_idx" ON "approval_requests" USING btree ("company_id") WHERE "approval_requests"."status" = 'pending' and "approval_requests"."kind" = 'limit_increase';--> statement-breakpoint
CREATE UNIQUE INDEX "grievances_open_invoice_idx" ON "grievances" USING btree ("invoice_id") WHERE "grievances"."invoice_id" is not null and "grievances"."status" in ('open', 'investigating');