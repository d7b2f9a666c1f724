CREATE TABLE "help_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"horizon_days" integer NOT NULL,
	"intercept" double precision NOT NULL,
	"weights" jsonb NOT NULL,
	"examples" integer NOT NULL,
	"contacts" integer NOT NULL,
	"auc" double precision,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "help_scores" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "help_scores_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "product_neighbours" (
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"rank" integer NOT NULL,
	"neighbour_sku" text NOT NULL,
	"score" double precision NOT NULL,
	"customers_both" integer NOT NULL,
	CONSTRAINT "product_neighbours_workspace_id_sku_rank_pk" PRIMARY KEY("workspace_id","sku","rank")
);
--> statement-breakpoint
CREATE TABLE "product_stats" (
	"workspace_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text,
	"customers" integer NOT NULL,
	CONSTRAINT "product_stats_workspace_id_sku_pk" PRIMARY KEY("workspace_id","sku")
);
--> statement-breakpoint
CREATE TABLE "recommendation_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	"products" integer NOT NULL,
	"orders" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "help_models" ADD CONSTRAINT "help_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_scores" ADD CONSTRAINT "help_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_neighbours" ADD CONSTRAINT "product_neighbours_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stats" ADD CONSTRAINT "product_stats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_models" ADD CONSTRAINT "recommendation_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_scores_probability_idx" ON "help_scores" USING btree ("workspace_id","probability","customer_id");--> statement-breakpoint
CREATE INDEX "product_stats_popular_idx" ON "product_stats" USING btree ("workspace_id","customers","sku");