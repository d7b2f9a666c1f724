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
ALTER TABLE "triage_models" ADD CONSTRAINT "triage_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_predictions" ADD CONSTRAINT "triage_predictions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_trainings" ADD CONSTRAINT "triage_trainings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "triage_predictions_model_idx" ON "triage_predictions" USING btree ("workspace_id","model_trained_at");