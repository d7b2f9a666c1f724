CREATE TABLE "login_attempts" (
	"email_hash" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "session_idle_hours" integer DEFAULT 168 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "session_max_hours" integer DEFAULT 720 NOT NULL;--> statement-breakpoint
CREATE INDEX "login_attempts_last_attempt_idx" ON "login_attempts" USING btree ("last_attempt_at");--> statement-breakpoint
CREATE INDEX "sessions_workspace_idx" ON "sessions" USING btree ("workspace_id");--> statement-breakpoint
ALTER TABLE "sessions" DROP COLUMN "expires_at";