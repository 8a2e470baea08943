import type { JobSpecification, JobStatus } from "./schema.ts";

/** Demo logins, printed at start and listed in the README. */
export const DEMO_LOGINS = {
  admin: { username: "admin", password: "admin-demo-pass", name: "Alex Rivera" },
  staff: { username: "sam", password: "staff-demo-pass", name: "Sam Okafor" },
  customerPassword: "customer-demo-pass",
} as const;

export const DEMO_SHOP = {
  shop_name: "Northside Print & Sign",
  phone: "+1 (555) 014-2290",
  email: "hello@northside-print.example",
  address: "412 Foundry Lane, Unit B\nMillbrook, OR 97000",
  hours: "Mon–Fri 8:00–17:30, Sat 9:00–13:00",
  time_zone: "America/Los_Angeles",
};

export const DEMO_CUSTOMERS = [
  {
    name: "Maria Chen",
    company: "Chen Family Bakery",
    email: "maria@chenbakery.example",
    phone: "+1 555 010 3344",
  },
  {
    name: "David Osei",
    company: "Osei Builders",
    email: "david@oseibuilders.example",
    phone: "+1 555 010 7781",
  },
  {
    name: "Priya Natarajan",
    company: "Riverside Dental",
    email: "priya@riversidedental.example",
    phone: null,
  },
  {
    name: "Tom Becker",
    company: "Becker Auto Repair",
    email: "tom@beckerauto.example",
    phone: "+1 555 010 2290",
  },
  {
    name: "Lena Fischer",
    company: null,
    email: "lena.fischer@mail.example",
    phone: "+1 555 010 9912",
  },
  {
    name: "Jorge Alvarez",
    company: "Millbrook Youth Soccer",
    email: "jorge@millbrooksoccer.example",
    phone: "+1 555 010 4410",
  },
  {
    name: "Hannah Wright",
    company: "Wright & Co. Architects",
    email: "hannah@wrightco.example",
    phone: "+1 555 010 6673",
  },
  {
    name: "Sven Lindqvist",
    company: "Nordic Marine Supply",
    email: "sven@nordicmarine.example",
    phone: "+1 555 010 5528",
  },
] as const;

export interface DemoJobTemplate {
  title: string;
  description: string;
  quantity: number;
  special_instructions: string;
  specifications: JobSpecification[];
  customer_notes: string;
  shop_notes: string;
}

export const DEMO_JOB_TEMPLATES: DemoJobTemplate[] = [
  {
    title: "Storefront window vinyl",
    description: "Cut vinyl lettering and logo for the main storefront window, installed on site.",
    quantity: 1,
    special_instructions: "Install before 7 am; the shop opens at 7:30.",
    specifications: [
      { name: "Material", value: "Oracal 751 cast vinyl, white" },
      { name: "Size", value: "72 × 36 in" },
      { name: "Installation", value: "On site, exterior face" },
    ],
    customer_notes: "Proof approved by email on the 3rd.",
    shop_notes: "Ladder needed; window is 9 ft. Customer was slow to pay last time.",
  },
  {
    title: "Business cards, 2 designs",
    description: "Double-sided business cards for two staff members, matte finish.",
    quantity: 1000,
    special_instructions: "Keep the two names in separate boxes.",
    specifications: [
      { name: "Stock", value: "16 pt matte, uncoated back" },
      { name: "Size", value: "3.5 × 2 in" },
      { name: "Colours", value: "4/4 CMYK" },
    ],
    customer_notes: "500 cards per name.",
    shop_notes: "Use the Indigo, not the offset; short run.",
  },
  {
    title: "Aluminium mounting brackets",
    description: "CNC-machined brackets for a conveyor retrofit, deburred and anodised.",
    quantity: 24,
    special_instructions: "Hole positions are critical: ±0.05 mm.",
    specifications: [
      { name: "Material", value: "6061-T6 aluminium" },
      { name: "Finish", value: "Clear anodise, type II" },
      { name: "Drawing", value: "BRK-220 rev C" },
    ],
    customer_notes: "First article inspection report included with delivery.",
    shop_notes: "Anodiser quoted 5 working days; chase on Thursday.",
  },
  {
    title: "Event banners",
    description: "Full-colour vinyl banners with hems and grommets for the spring tournament.",
    quantity: 6,
    special_instructions: "Grommets every 24 inches; wind slits on the two largest.",
    specifications: [
      { name: "Material", value: "13 oz scrim vinyl" },
      { name: "Size", value: "8 × 3 ft (4), 12 × 4 ft (2)" },
      { name: "Finishing", value: "Hemmed, brass grommets" },
    ],
    customer_notes: "Sponsor logos supplied as vector files.",
    shop_notes: "One sponsor logo was a low-res JPEG; redrew it in house (30 min, not billed).",
  },
  {
    title: "Stainless steel handrail",
    description: "Welded 316 stainless handrail for the clinic entrance ramp, polished finish.",
    quantity: 2,
    special_instructions: "Measure on site before cutting; ramp slope is not uniform.",
    specifications: [
      { name: "Material", value: "316 stainless, 42 mm tube" },
      { name: "Finish", value: "#4 brushed" },
      { name: "Length", value: "4.2 m and 3.6 m" },
    ],
    customer_notes: "Installation booked for a weekday after 6 pm.",
    shop_notes: "Welder: Marco. Check anchor bolts stock.",
  },
  {
    title: "Vehicle door decals",
    description: "Printed and laminated door decals for two service vans.",
    quantity: 4,
    special_instructions: "Vans available only on Saturday mornings.",
    specifications: [
      { name: "Material", value: "3M IJ180 with 8518 gloss laminate" },
      { name: "Size", value: "24 × 18 in" },
    ],
    customer_notes: "Phone number updated on the proof.",
    shop_notes: "Old decals must be removed first; heat gun.",
  },
  {
    title: "Architectural model base",
    description: "Laser-cut birch plywood base with engraved site plan for a presentation model.",
    quantity: 1,
    special_instructions: "Handle with care; engraving must not be sanded.",
    specifications: [
      { name: "Material", value: "6 mm Baltic birch" },
      { name: "Size", value: "600 × 400 mm" },
      { name: "Process", value: "Laser cut and raster engrave" },
    ],
    customer_notes: "",
    shop_notes: "Engrave at 60% power, two passes.",
  },
  {
    title: "Marine signage plates",
    description: "Engraved brass plates with safety wording for a fleet refit.",
    quantity: 40,
    special_instructions: "Pack in sets of 10 with foam between plates.",
    specifications: [
      { name: "Material", value: "Brass, 1.5 mm" },
      { name: "Text", value: "Engraved and paint filled, black" },
      { name: "Size", value: "150 × 50 mm" },
    ],
    customer_notes: "Spelling checked against the supplied list.",
    shop_notes: "Brass sheet on back order; partial delivery possible.",
  },
  {
    title: "Menu boards",
    description: "Printed menu boards on rigid foam PVC for the counter wall.",
    quantity: 3,
    special_instructions: "Prices may change before print; confirm the final PDF.",
    specifications: [
      { name: "Material", value: "5 mm foam PVC" },
      { name: "Size", value: "36 × 24 in" },
      { name: "Print", value: "UV flatbed, matte laminate" },
    ],
    customer_notes: "Final PDF received.",
    shop_notes: "",
  },
  {
    title: "Laser-cut gaskets",
    description: "Neoprene gaskets cut to drawing for pump housings.",
    quantity: 150,
    special_instructions: "Deliver in sealed bags of 25.",
    specifications: [
      { name: "Material", value: "3 mm neoprene, 60A" },
      { name: "Drawing", value: "GSK-14 rev A" },
    ],
    customer_notes: "Repeat of last year's order.",
    shop_notes: "Use the old cutting file, already nested.",
  },
];

export const DEMO_PROGRESS_NOTES: Record<JobStatus, string> = {
  not_started: "Order received and scheduled.",
  in_progress: "Work has started on your job.",
  quality_check: "Finished and in our quality check.",
  ready_for_pickup: "Ready! Pick up any time during opening hours.",
  completed: "Picked up. Thank you for your business!",
};
