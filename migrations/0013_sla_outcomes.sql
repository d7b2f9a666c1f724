ALTER TABLE "ticket_facts" ADD COLUMN "first_response_sla" text;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD COLUMN "first_response_sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD COLUMN "next_response_sla" text;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD COLUMN "next_response_sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD COLUMN "resolution_sla" text;--> statement-breakpoint
ALTER TABLE "ticket_facts" ADD COLUMN "resolution_sla_due_at" timestamp with time zone;