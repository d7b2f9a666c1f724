CREATE TABLE "text_sentiments" (
	"workspace_id" uuid NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"customer_id" uuid,
	"touchpoint_id" uuid,
	"source" text NOT NULL,
	"sentiment" text NOT NULL,
	"score" real NOT NULL,
	"confidence" real NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "text_sentiments_workspace_id_ref_type_ref_id_pk" PRIMARY KEY("workspace_id","ref_type","ref_id")
);
--> statement-breakpoint
ALTER TABLE "text_sentiments" ADD CONSTRAINT "text_sentiments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "text_sentiments_workspace_at_idx" ON "text_sentiments" USING btree ("workspace_id","at");