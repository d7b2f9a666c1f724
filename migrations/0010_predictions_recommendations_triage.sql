CREATE TABLE "triage_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"target" text NOT NULL,
	"field" text,
	"model" text NOT NULL,
	"label_counts" jsonb NOT NULL,
	"examples" integer NOT NULL,
	"source" text NOT NULL,
	"folds" integer NOT NULL,
	"accuracy" real NOT NULL,
	"macro_f1" real NOT NULL,
	"threshold" real DEFAULT 0.7 NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"trained_by_kind" text NOT NULL,
	"trained_by_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_predictions" (
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"target" text NOT NULL,
	"field" text,
	"label" text NOT NULL,
	"confidence" real NOT NULL,
	"alternatives" jsonb NOT NULL,
	"applied" boolean NOT NULL,
	"reason" text,
	"model_trained_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"corrected_to" text,
	"corrected_at" timestamp with time zone,
	CONSTRAINT "triage_predictions_workspace_id_ticket_id_pk" PRIMARY KEY("workspace_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "triage_trainings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"examples" integer NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failed_at" timestamp with time zone,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "help_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"horizon_days" integer NOT NULL,
	"intercept" double precision NOT NULL,
	"weights" jsonb NOT NULL,
	"examples" integer NOT NULL,
	"contacts" integer NOT NULL,
	"auc" double precision,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "help_scores" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "help_scores_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "product_neighbours" (
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"rank" integer NOT NULL,
	"neighbour_sku" text NOT NULL,
	"score" double precision NOT NULL,
	"customers_both" integer NOT NULL,
	CONSTRAINT "product_neighbours_workspace_id_sku_rank_pk" PRIMARY KEY("workspace_id","sku","rank")
);
--> statement-breakpoint
CREATE TABLE "product_stats" (
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text,
	"customers" integer NOT NULL,
	CONSTRAINT "product_stats_workspace_id_sku_pk" PRIMARY KEY("workspace_id","sku")
);
--> statement-breakpoint
CREATE TABLE "recommendation_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	"products" integer NOT NULL,
	"orders" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "triage_models" ADD CONSTRAINT "triage_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_predictions" ADD CONSTRAINT "triage_predictions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_trainings" ADD CONSTRAINT "triage_trainings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_models" ADD CONSTRAINT "help_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_scores" ADD CONSTRAINT "help_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_neighbours" ADD CONSTRAINT "product_neighbours_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stats" ADD CONSTRAINT "product_stats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_models" ADD CONSTRAINT "recommendation_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "triage_predictions_model_idx" ON "triage_predictions" USING btree ("workspace_id","model_trained_at");--> statement-breakpoint
CREATE INDEX "help_scores_probability_idx" ON "help_scores" USING btree ("workspace_id","probability","customer_id");--> statement-breakpoint
CREATE INDEX "product_stats_popular_idx" ON "product_stats" USING btree ("workspace_id","customers","sku");