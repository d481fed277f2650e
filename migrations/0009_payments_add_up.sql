ALTER TABLE "payments" ADD COLUMN "unapplied_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written: before the constraints, keep what existing data already holds visible. A payment without
-- an invoice is unapplied cash in full.
UPDATE "payments" SET "unapplied_minor" = "amount_minor" WHERE "invoice_id" IS NULL;--> statement-breakpoint
-- An invoice paid beyond its balance (a negative balance) gives the excess back to its payments as
-- unapplied cash, latest payment first, each at most its own amount; the balance becomes zero.
WITH "excess" AS (
  SELECT "id", -"balance_minor" AS "minor" FROM "invoices" WHERE "balance_minor" < 0
), "ranked" AS (
  SELECT p."id", p."amount_minor", e."minor",
    coalesce(sum(p."amount_minor") OVER (PARTITION BY p."invoice_id"
      ORDER BY p."received_on" DESC, p."created_at" DESC, p."id" DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS "later"
  FROM "payments" p JOIN "excess" e ON e."id" = p."invoice_id"
)
UPDATE "payments" p SET "unapplied_minor" = least(r."amount_minor", greatest(0, r."minor" - r."later"))
FROM "ranked" r WHERE p."id" = r."id";--> statement-breakpoint
UPDATE "invoices" SET "balance_minor" = 0 WHERE "balance_minor" < 0;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_balance_not_negative" CHECK ("invoices"."balance_minor" >= 0);--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_unapplied_within_amount" CHECK ("payments"."unapplied_minor" >= 0 and "payments"."unapplied_minor" <= "payments"."amount_minor");
