/**
 * The published xdomea 3.1.0 schemas (with the XÖV base schemas they use), kept outside
 * the repository with the other standards data; `XDOMEA_SCHEMAS` points elsewhere.
 */
import { join } from 'node:path';

export const xdomeaSchema = join(process.env.XDOMEA_SCHEMAS ?? '/work/shared/standards', 'xdomea-3.1.0-validate.xsd');
