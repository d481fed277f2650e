-- Explanations are written whole on every change and read whole: json keeps the engine's text as it is
-- (smaller and cheaper to write than jsonb); the fingerprint a rescore compares gets its own column.
ALTER TABLE "credit_profiles" ALTER COLUMN "explanation" SET DATA TYPE json USING "explanation"::json;--> statement-breakpoint
ALTER TABLE "credit_profiles" ADD COLUMN "fingerprint" text;--> statement-breakpoint
UPDATE "credit_profiles" SET "fingerprint" = "explanation"->>'fingerprint' WHERE "explanation" IS NOT NULL;
