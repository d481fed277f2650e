CREATE TABLE "portal_currency" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"company_currency" char(3) NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_policies" ALTER COLUMN "created_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD COLUMN "source" text NOT NULL;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD COLUMN "fetched_at" timestamp with time zone NOT NULL;