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
ALTER TABLE "theme_runs" ADD CONSTRAINT "theme_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_spikes" ADD CONSTRAINT "theme_spikes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_run_id_theme_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."theme_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "theme_runs_workspace_idx" ON "theme_runs" USING btree ("workspace_id","computed_at");--> statement-breakpoint
CREATE INDEX "theme_spikes_open_idx" ON "theme_spikes" USING btree ("workspace_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "themes_run_idx" ON "themes" USING btree ("run_id","rank");