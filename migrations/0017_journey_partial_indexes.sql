DROP INDEX "journey_events_customer_at_idx";--> statement-breakpoint
DROP INDEX "journey_events_ref_idx";--> statement-breakpoint
CREATE INDEX "journey_events_customer_at_idx" ON "journey_events" USING btree ("workspace_id","customer_id","at","id") WHERE "journey_events"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "journey_events_ref_idx" ON "journey_events" USING btree ("workspace_id","ref_type","ref_id") WHERE "journey_events"."ref_type" is not null;