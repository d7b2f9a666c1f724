CREATE TABLE "theme_texts" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"customer_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "theme_texts_run_id_ref_type_ref_id_pk" PRIMARY KEY("run_id","ref_type","ref_id")
);
--> statement-breakpoint
ALTER TABLE "theme_texts" ADD CONSTRAINT "theme_texts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_texts" ADD CONSTRAINT "theme_texts_run_id_theme_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."theme_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_texts" ADD CONSTRAINT "theme_texts_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "theme_texts_customer_idx" ON "theme_texts" USING btree ("workspace_id","customer_id");