CREATE TABLE "ticket_facts" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"priority" text NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"tags" text[] NOT NULL,
	"calendar_key" text NOT NULL,
	"solved" boolean NOT NULL,
	"reopened" boolean NOT NULL,
	"one_touch" boolean NOT NULL,
	"first_response_ms" double precision,
	"first_response_business_ms" double precision,
	"next_response_ms" double precision[] NOT NULL,
	"next_response_business_ms" double precision[] NOT NULL,
	"first_resolution_ms" double precision,
	"first_resolution_business_ms" double precision,
	"full_resolution_ms" double precision,
	"full_resolution_business_ms" double precision
);
--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD CONSTRAINT "ticket_facts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD CONSTRAINT "ticket_facts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_facts_workspace_created_idx" ON "ticket_facts" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_workspace_created_idx" ON "tickets" USING btree ("workspace_id","created_at");