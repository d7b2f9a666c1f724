CREATE TABLE "customer_predictions" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"purchases" integer NOT NULL,
	"total_spend" double precision NOT NULL,
	"first_purchase_at" timestamp with time zone NOT NULL,
	"last_purchase_at" timestamp with time zone NOT NULL,
	"frequency" integer NOT NULL,
	"recency" double precision NOT NULL,
	"age" double precision NOT NULL,
	"p_alive" double precision,
	"expected_purchases" double precision,
	"expected_average_value" double precision,
	"clv" double precision,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_predictions_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "prediction_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"refreshed_at" timestamp with time zone NOT NULL,
	"calibration_end" date NOT NULL,
	"customers" integer NOT NULL,
	"repeat_buyers" integer NOT NULL,
	"purchases" integer NOT NULL,
	"skipped_purchases" integer NOT NULL,
	"currency" text,
	"r" double precision,
	"alpha" double precision,
	"a" double precision,
	"b" double precision,
	"log_likelihood" double precision,
	"p" double precision,
	"q" double precision,
	"v" double precision
);
--> statement-breakpoint
ALTER TABLE "customer_predictions" ADD CONSTRAINT "customer_predictions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_models" ADD CONSTRAINT "prediction_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_predictions_clv_idx" ON "customer_predictions" USING btree ("workspace_id","clv","customer_id");--> statement-breakpoint
CREATE INDEX "customer_predictions_p_alive_idx" ON "customer_predictions" USING btree ("workspace_id","p_alive","customer_id");