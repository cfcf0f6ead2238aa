import QRCode from 'qrcode';

/**
 * The QR code of a round's open link, drawn on the server (no script in the page, nothing fetched
 * from elsewhere). Error correction M (15 %) survives a worn or partly covered poster while the
 * code of a short address stays coarse enough to scan from a metre away; the 4-module quiet zone
 * is what the standard asks for.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The open link of a round: the configured base URL (no trailing slash) and /k/<code>. */
export function skmLink(baseUrl: string, code: string): string {
  return `${baseUrl}/k/${code}`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The QR code as SVG, labelled for screen readers and file viewers: its title is the link itself,
 * its description the given sentence. Safe to put inline in a page (`<%-`): everything inserted is escaped.
 */
export async function qrSvg(link: string, description: string): Promise<string> {
  const svg = await QRCode.toString(link, { ...OPTIONS, type: 'svg' });
  const labelled = `<svg role="img" aria-labelledby="skm-qr-title skm-qr-desc"${svg.trim().slice('<svg'.length).replace(/>/, `><title id="skm-qr-title">${escapeXml(link)}</title><desc id="skm-qr-desc">${escapeXml(description)}</desc>`)}`;
  return labelled;
}

/** The QR code as a PNG large enough to print (1,024 px square). */
export function qrPng(link: string): Promise<Buffer> {
  return QRCode.toBuffer(link, { ...OPTIONS, type: 'png', width: 1024 });
}
