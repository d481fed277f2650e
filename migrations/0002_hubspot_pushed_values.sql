CREATE TABLE "hubspot_pushed_values" (
	"object_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"hubspot_id" text NOT NULL,
	"pushed_values" jsonb NOT NULL,
	"gone_at" timestamp with time zone,
	"pushed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hubspot_pushed_values_object_type_record_id_pk" PRIMARY KEY("object_type","record_id")
);
