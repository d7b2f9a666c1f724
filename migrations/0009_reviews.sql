CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"rating" smallint,
	"scale" smallint DEFAULT 5 NOT NULL,
	"title" text,
	"body" text,
	"author" text,
	"url" text,
	"posted_at" timestamp with time zone NOT NULL,
	"customer_id" uuid,
	"follow_up_ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_external_idx" ON "reviews" USING btree ("workspace_id","source","external_id");--> statement-breakpoint
CREATE INDEX "reviews_posted_idx" ON "reviews" USING btree ("workspace_id","posted_at");