CREATE TABLE "hubspot_write_rejections" (
	"object_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"hubspot_id" text NOT NULL,
	"refused_values" jsonb NOT NULL,
	"properties" jsonb NOT NULL,
	"category" text NOT NULL,
	"message" text NOT NULL,
	"rejected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hubspot_write_rejections_object_type_record_id_pk" PRIMARY KEY("object_type","record_id")
);
--> statement-breakpoint
CREATE INDEX "hubspot_write_rejections_at" ON "hubspot_write_rejections" USING btree ("rejected_at");