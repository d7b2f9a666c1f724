CREATE TABLE "feedback_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"survey_id" uuid,
	"condition" jsonb NOT NULL,
	"action" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"send_id" uuid,
	"customer_id" uuid,
	"touchpoint_id" uuid,
	"ticket_id" uuid,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"loop_checked_at" timestamp with time zone,
	"follow_up_ticket_id" uuid
);
--> statement-breakpoint
CREATE TABLE "survey_score_days" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"survey_id" uuid NOT NULL,
	"touchpoint_id" uuid,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"scale" smallint NOT NULL,
	"n" integer NOT NULL,
	"promoters" integer NOT NULL,
	"passives" integer NOT NULL,
	"detractors" integer NOT NULL,
	"favourable" integer NOT NULL,
	"sum" integer NOT NULL,
	CONSTRAINT "survey_score_days_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","survey_id","touchpoint_id","channel","kind","scale")
);
--> statement-breakpoint
CREATE TABLE "survey_scores" (
	"response_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"touchpoint_id" uuid,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"scale" smallint NOT NULL,
	"value" smallint NOT NULL,
	"favourable" boolean,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_scores_response_id_question_id_pk" PRIMARY KEY("response_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "survey_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" text DEFAULT 'email' NOT NULL,
	"trigger" text NOT NULL,
	"ticket_id" uuid,
	"touchpoint_id" uuid,
	"language" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"note" text,
	"scheduled_for" timestamp with time zone NOT NULL,
	"email_message_id" text,
	"sent_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"touchpoint_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"languages" text[] DEFAULT '{en}'::text[] NOT NULL,
	"title" jsonb,
	"questions" jsonb NOT NULL,
	"triggers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sample_percent" smallint DEFAULT 100 NOT NULL,
	"recontact_days" integer DEFAULT 30 NOT NULL,
	"quiet_start_hour" smallint,
	"quiet_end_hour" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instance_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_rules" ADD CONSTRAINT "feedback_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_score_days" ADD CONSTRAINT "survey_score_days_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_response_id_survey_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."survey_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_sends" ADD CONSTRAINT "survey_sends_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_sends" ADD CONSTRAINT "survey_sends_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_rules_workspace_idx" ON "feedback_rules" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_send_idx" ON "survey_responses" USING btree ("send_id");--> statement-breakpoint
CREATE INDEX "survey_responses_follow_up_idx" ON "survey_responses" USING btree ("workspace_id","submitted_at") WHERE follow_up_ticket_id is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("workspace_id","survey_id","submitted_at");--> statement-breakpoint
CREATE INDEX "survey_responses_customer_idx" ON "survey_responses" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "survey_scores_survey_idx" ON "survey_scores" USING btree ("workspace_id","survey_id","at");--> statement-breakpoint
CREATE INDEX "survey_sends_customer_idx" ON "survey_sends" USING btree ("workspace_id","customer_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "survey_sends_survey_idx" ON "survey_sends" USING btree ("workspace_id","survey_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "surveys_workspace_idx" ON "surveys" USING btree ("workspace_id");