CREATE TABLE "theme_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone NOT NULL,
	"rolling" boolean NOT NULL,
	"texts" integer NOT NULL,
	"other" integer NOT NULL,
	"k" integer NOT NULL,
	"tried" jsonb NOT NULL,
	"seconds" real NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theme_spikes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"terms" text[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"rank" smallint NOT NULL,
	"name" text NOT NULL,
	"terms" text[] NOT NULL,
	"volume" integer NOT NULL,
	"previous_volume" integer NOT NULL,
	"mean_sentiment" real NOT NULL,
	"series" jsonb NOT NULL,
	"last_week" integer NOT NULL,
	"four_weeks_before" integer NOT NULL,
	"spike_p_value" real NOT NULL,
	"spiked" boolean NOT NULL,
	"quotes" jsonb NOT NULL,
	"customer_count" integer NOT NULL,
	"customer_ids" uuid[] NOT NULL,
	"touchpoints" jsonb NOT NULL,
	"sources" jsonb NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "outreach_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"held_out" boolean NOT NULL,
	"result" text NOT NULL,
	"ticket_id" uuid
);
--> statement-breakpoint
CREATE TABLE "outreach_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"trigger" jsonb NOT NULL,
	"action" jsonb NOT NULL,
	"cooldown_days" integer NOT NULL,
	"holdout_percent" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
CREATE TABLE "segment_members" (
	"segment_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_members_segment_id_customer_id_pk" PRIMARY KEY("segment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "theme_runs" ADD CONSTRAINT "theme_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_spikes" ADD CONSTRAINT "theme_spikes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_run_id_theme_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."theme_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_models" ADD CONSTRAINT "triage_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_predictions" ADD CONSTRAINT "triage_predictions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_trainings" ADD CONSTRAINT "triage_trainings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_actions" ADD CONSTRAINT "outreach_actions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_actions" ADD CONSTRAINT "outreach_actions_rule_id_outreach_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."outreach_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_rules" ADD CONSTRAINT "outreach_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_models" ADD CONSTRAINT "help_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_scores" ADD CONSTRAINT "help_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_neighbours" ADD CONSTRAINT "product_neighbours_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stats" ADD CONSTRAINT "product_stats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_models" ADD CONSTRAINT "recommendation_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "theme_runs_workspace_idx" ON "theme_runs" USING btree ("workspace_id","computed_at");--> statement-breakpoint
CREATE INDEX "theme_spikes_open_idx" ON "theme_spikes" USING btree ("workspace_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "themes_run_idx" ON "themes" USING btree ("run_id","rank");--> statement-breakpoint
CREATE INDEX "triage_predictions_model_idx" ON "triage_predictions" USING btree ("workspace_id","model_trained_at");--> statement-breakpoint
CREATE INDEX "outreach_actions_rule_customer_idx" ON "outreach_actions" USING btree ("rule_id","customer_id","fired_at");--> statement-breakpoint
CREATE INDEX "outreach_actions_workspace_fired_idx" ON "outreach_actions" USING btree ("workspace_id","fired_at");--> statement-breakpoint
CREATE INDEX "help_scores_probability_idx" ON "help_scores" USING btree ("workspace_id","probability","customer_id");--> statement-breakpoint
CREATE INDEX "product_stats_popular_idx" ON "product_stats" USING btree ("workspace_id","customers","sku");--> statement-breakpoint
CREATE INDEX "segment_members_customer_idx" ON "segment_members" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_workspace_name_key" ON "segments" USING btree ("workspace_id","name");