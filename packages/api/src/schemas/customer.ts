import { z } from "zod";
import {
  dateOnlySchema,
  idSchema,
  jobNumberSchema,
  jobStatusSchema,
  photoVariantSchema,
  shopContactSchema,
} from "./common.ts";

/** Every customer output is parsed by one of these: fields not listed here never leave. */
export const dashboardJobSchema = z.object({
  jobNumber: z.string(),
  title: z.string(),
  description: z.string(),
  status: jobStatusSchema,
  progress: z.number().int(),
  estimatedCompletion: z.string().nullable(),
  quantity: z.number().int(),
  specialInstructions: z.string(),
  updatedAt: z.string(),
});
export type DashboardJob = z.infer<typeof dashboardJobSchema>;

export const dashboardOutput = z.object({
  customer: z.object({ name: z.string() }),
  jobs: z.array(dashboardJobSchema),
});

export const customerJobInput = z.object({ jobNumber: jobNumberSchema });

export const customerJobOutput = z.object({
  job: z.object({
    jobNumber: z.string(),
    title: z.string(),
    description: z.string(),
    status: jobStatusSchema,
    progress: z.number().int(),
    quantity: z.number().int(),
    specialInstructions: z.string(),
    specifications: z.array(z.object({ name: z.string(), value: z.string() })),
    customerNotes: z.string(),
    estimatedCompletion: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().nullable(),
  }),
  history: z.array(
    z.object({
      status: jobStatusSchema,
      progress: z.number().int().nullable(),
      notes: z.string(),
      /** 'due': the estimated completion moved from dueFrom to dueTo (notes: the reason). */
      kind: z.enum(["status", "due"]),
      dueFrom: z.string().nullable(),
      dueTo: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  photos: z.array(
    z.object({
      id: z.number().int(),
      caption: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      createdAt: z.string(),
    }),
  ),
  shop: shopContactSchema,
});
export type CustomerJobOutput = z.infer<typeof customerJobOutput>;

export const HISTORY_SORTS = ["completed_desc", "completed_asc", "job_number"] as const;

export const customerHistoryInput = z
  .object({
    q: z.string().trim().max(100).optional(),
    from: dateOnlySchema.optional(),
    to: dateOnlySchema.optional(),
    sort: z.enum(HISTORY_SORTS).optional(),
    page: z.number().int().min(1).max(100_000).optional(),
    pageSize: z.number().int().min(5).max(50).optional(),
  })
  .optional();

export const customerHistoryOutput = z.object({
  items: z.array(
    z.object({
      jobNumber: z.string(),
      title: z.string(),
      description: z.string(),
      quantity: z.number().int(),
      completedAt: z.string(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const customerPhotoInput = z.object({ photoId: idSchema, variant: photoVariantSchema });
export const photoBytesOutput = z.object({ contentType: z.string(), base64: z.string() });

export const lastChangeOutput = z.object({ etag: z.string() });

/**
 * A customer page answered 304 (unchanged since the browser's copy): the access is audited as if
 * the page had been rendered.
 */
export const customerRecordViewInput = z.discriminatedUnion("view", [
  z.object({ view: z.literal("job"), jobNumber: jobNumberSchema }),
  z.object({
    view: z.literal("history"),
    q: z.string().trim().max(100).optional(),
    page: z.number().int().min(1).max(100_000).optional(),
  }),
]);
