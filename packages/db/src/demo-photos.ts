import sharp from "sharp";

/**
 * Work-in-progress pictures for the demo shop, drawn from SVG (no binary assets in the repo):
 * a sign on the cutting table, a print coming off the press. Enough for a first look to show
 * the photo feature; real shops upload real photos.
 */
const SCENES = [
  {
    caption: "Vinyl lettering weeded and ready for transfer tape",
    svg: (title: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
      <rect width="1200" height="900" fill="#8d7a63"/>
      <rect x="120" y="160" width="960" height="560" rx="12" fill="#f4f1ea" stroke="#5b4a36" stroke-width="6"/>
      <text x="600" y="420" font-family="DejaVu Sans, sans-serif" font-size="88" font-weight="700" text-anchor="middle" fill="#1d3557">${title}</text>
      <text x="600" y="520" font-family="DejaVu Sans, sans-serif" font-size="44" text-anchor="middle" fill="#1d3557">Fresh every morning</text>
      <rect x="860" y="600" width="260" height="30" rx="6" fill="#c9a227" transform="rotate(-12 990 615)"/>
    </svg>`,
  },
  {
    caption: "First prints off the press, colour checked against the proof",
    svg: (title: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
      <rect width="1200" height="900" fill="#3d4650"/>
      <rect x="80" y="520" width="1040" height="300" fill="#22272e"/>
      ${[0, 1, 2]
        .map(
          (k) => `<g transform="translate(${170 + k * 300} ${190 + k * 24}) rotate(${k * 4 - 4})">
        <rect width="260" height="360" fill="#ffffff"/>
        <rect x="20" y="20" width="220" height="150" fill="${["#e63946", "#2a9d8f", "#f4a261"][k]}"/>
        <text x="130" y="230" font-family="DejaVu Sans, sans-serif" font-size="26" font-weight="700" text-anchor="middle" fill="#222">${title}</text>
        <rect x="40" y="270" width="180" height="10" fill="#999"/><rect x="40" y="295" width="140" height="10" fill="#bbb"/>
      </g>`,
        )
        .join("")}
    </svg>`,
  },
];

export interface DemoPhoto {
  caption: string;
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function demoPhotos(title: string): Promise<DemoPhoto[]> {
  return Promise.all(
    SCENES.map(async (scene) => {
      const svg = Buffer.from(scene.svg(escapeXml(title.slice(0, 28))));
      const data = await sharp(svg).jpeg({ quality: 78 }).toBuffer();
      const thumbnail = await sharp(svg).resize(400, 300).jpeg({ quality: 72 }).toBuffer();
      return { caption: scene.caption, data, thumbnail, width: 1200, height: 900 };
    }),
  );
}
