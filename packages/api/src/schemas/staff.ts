import { z } from "zod";
import {
  dateOnlySchema,
  emailSchema,
  idempotencyKeySchema,
  idSchema,
  jobNumberSchema,
  jobStatusSchema,
  photoVariantSchema,
  specificationSchema,
} from "./common.ts";
import { isCurrencyCode } from "./money.ts";
import { isTimeZone } from "./shop-time.ts";

const text = (max: number) => z.string().max(max);
const progress = z.number().int().min(0).max(100);

// Jobs ------------------------------------------------------------------------------------------
export const staffJobListInput = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z.array(jobStatusSchema).max(5).optional(),
    customerId: idSchema.optional(),
    /** Jobs of this staff member; `null`: jobs without an owner. */
    ownerId: idSchema.nullable().optional(),
    rush: z.boolean().optional(),
    /** `due`: by estimated completion (none last), then number; default: recently updated first. */
    sort: z.enum(["updated", "due"]).optional(),
    includeCompleted: z.boolean().optional(),
    includeDeleted: z.boolean().optional(),
    page: z.number().int().min(1).max(100_000).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();

export const jobFieldsSchema = z.object({
  title: z.string().trim().min(1, "Enter a title.").max(200),
  description: text(10_000),
  quantity: z.number().int().min(1).max(10_000_000),
  specialInstructions: text(5_000),
  specifications: z.array(specificationSchema).max(50),
  estimatedCompletion: dateOnlySchema.nullable(),
  /** The staff member responsible (null: nobody yet). */
  ownerId: idSchema.nullable(),
  rush: z.boolean(),
  customerNotes: text(5_000),
  shopNotes: text(10_000),
});

export const staffJobCreateInput = jobFieldsSchema.partial().extend({
  customerId: idSchema,
  title: jobFieldsSchema.shape.title,
  idempotencyKey: idempotencyKeySchema,
});

/** Every field of `patch` must have its value in `base` (the values the editor started from). */
const baseCoversPatch = (input: { base?: object | undefined; patch: object }) =>
  !input.base || Object.keys(input.patch).every((k) => k in (input.base as object));
const BASE_MESSAGE = "base must give the starting value of every field in patch.";

/**
 * An edit: with `base`, conflicts are per field (only a field someone else changed to another
 * value conflicts); without it, `version` must match the row's.
 */
export const staffJobUpdateInput = z
  .object({
    jobNumber: jobNumberSchema,
    version: z.number().int().min(1).max(2_147_483_647),
    base: jobFieldsSchema.partial().optional(),
    patch: jobFieldsSchema.partial(),
    /** Why the estimated completion moved (shown to the customer with the change). */
    dueReason: z.string().trim().max(500).optional(),
    idempotencyKey: idempotencyKeySchema,
  })
  .refine(baseCoversPatch, { message: BASE_MESSAGE, path: ["base"] });

export const staffJobSetStatusInput = z.object({
  jobNumber: jobNumberSchema,
  status: jobStatusSchema,
  note: text(5_000).optional(),
  visibleToCustomer: z.boolean(),
  progress: progress.optional(),
  /**
   * Move the job on although a proof is waiting for the customer's approval (audited). Without
   * it such a move is refused (PRECONDITION_FAILED).
   */
  overrideProof: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema,
});

export const staffJobSetProgressInput = z.object({
  jobNumber: jobNumberSchema,
  progress,
  note: text(5_000).optional(),
  visibleToCustomer: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema,
});

export const jobNumberInput = z.object({ jobNumber: jobNumberSchema });
export const staffJobDeleteInput = z.object({
  jobNumber: jobNumberSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** 10 MB of image is at most 14 MB of base64. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const staffPhotoAddInput = z.object({
  jobNumber: jobNumberSchema,
  base64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, "The photo is larger than 10 MB."),
  caption: text(500).optional(),
  visibleToCustomer: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema,
});
export const staffPhotoRemoveInput = z.object({
  photoId: idSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const staffPhotoVisibilityInput = z.object({
  photoId: idSchema,
  visibleToCustomer: z.boolean(),
  idempotencyKey: idempotencyKeySchema,
});
export const staffPhotoGetInput = z.object({ photoId: idSchema, variant: photoVariantSchema });

// Customers -------------------------------------------------------------------------------------
export const staffCustomerListInput = z
  .object({
    q: z.string().trim().max(200).optional(),
    includeDeleted: z.boolean().optional(),
    page: z.number().int().min(1).max(100_000).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();

export const customerFieldsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(200),
  company: z.string().trim().max(200).nullable(),
  email: emailSchema,
  phone: z.string().trim().max(50).nullable(),
  address: z.string().trim().max(500).nullable(),
});

export const staffCustomerCreateInput = customerFieldsSchema
  .partial({ company: true, phone: true, address: true })
  .extend({
    portalEnabled: z.boolean().optional(),
    sendInvite: z.boolean().optional(),
    idempotencyKey: idempotencyKeySchema,
  });
export const staffCustomerUpdateInput = z
  .object({
    customerId: idSchema,
    version: z.number().int().min(1).max(2_147_483_647),
    base: customerFieldsSchema.partial().optional(),
    patch: customerFieldsSchema.partial(),
    idempotencyKey: idempotencyKeySchema,
  })
  .refine(baseCoversPatch, { message: BASE_MESSAGE, path: ["base"] });
export const customerIdInput = z.object({ customerId: idSchema });
export const staffCustomerInviteInput = z.object({
  customerId: idSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const staffCustomerPortalInput = z.object({
  customerId: idSchema,
  enabled: z.boolean(),
  idempotencyKey: idempotencyKeySchema,
});

// Users -----------------------------------------------------------------------------------------
export const staffUserCreateInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{2,64}$/, "Use 2-64 letters, digits, dots, dashes or underscores."),
  displayName: z.string().trim().min(1).max(120),
  email: emailSchema.nullable().optional(),
  role: z.enum(["admin", "staff"]),
  password: z.string().max(256),
  idempotencyKey: idempotencyKeySchema,
});
export const staffUserIdInput = z.object({
  staffId: idSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const staffUserResetPasswordInput = z.object({
  staffId: idSchema,
  password: z.string().max(256),
  idempotencyKey: idempotencyKeySchema,
});

// Settings --------------------------------------------------------------------------------------
export const settingsFieldsSchema = z.object({
  shopName: z.string().trim().min(1).max(120),
  phone: z.string().trim().max(50),
  email: z.union([z.literal(""), emailSchema]),
  address: z.string().trim().max(500),
  hours: z.string().trim().max(500),
  logoUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^(https:\/\/|\/)[^\s"'<>]*$/, "Use an https:// or site-relative URL.")
    .nullable(),
  photosEnabled: z.boolean(),
  customerIdleMinutes: z.number().int().min(1).max(1440),
  staffIdleMinutes: z.number().int().min(1).max(10080),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine(isTimeZone, "Choose a time zone from the list, e.g. America/Los_Angeles."),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      isCurrencyCode,
      "Choose a currency from the list: an ISO 4217 code such as USD or EUR.",
    ),
});
export const staffSettingsUpdateInput = z.object({
  patch: settingsFieldsSchema.partial(),
  idempotencyKey: idempotencyKeySchema,
});

// Audit + reports -------------------------------------------------------------------------------
export const staffAuditListInput = z
  .object({
    action: z.string().trim().max(100).optional(),
    actorType: z.enum(["staff", "customer", "anonymous", "system"]).optional(),
    from: dateOnlySchema.optional(),
    to: dateOnlySchema.optional(),
    cursor: idSchema.optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();
