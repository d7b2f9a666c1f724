CREATE TABLE "survey_page_days" (
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"started" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_page_days_workspace_id_survey_id_channel_day_pk" PRIMARY KEY("workspace_id","survey_id","channel","day")
);
--> statement-breakpoint
ALTER TABLE "survey_page_days" ADD CONSTRAINT "survey_page_days_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_page_days" ADD CONSTRAINT "survey_page_days_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;