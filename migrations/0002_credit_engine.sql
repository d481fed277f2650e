CREATE TABLE "credit_portfolio" (
	"base_currency" char(3) PRIMARY KEY NOT NULL,
	"receivables_base_minor" bigint NOT NULL,
	"companies" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_profiles" ADD COLUMN "receivables_base_minor" bigint DEFAULT 0 NOT NULL;