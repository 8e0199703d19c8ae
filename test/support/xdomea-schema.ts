/**
 * The published xdomea 3.1.0 schemas (with the XÖV base schemas they use), kept beside the
 * repository in `../shared/standards` with the other standards data; `XDOMEA_SCHEMAS`
 * points elsewhere.
 */
import { join, resolve } from 'node:path';

const besideTheRepository = resolve(import.meta.dirname, '../../../shared/standards');

export const xdomeaSchema = join(process.env.XDOMEA_SCHEMAS ?? besideTheRepository, 'xdomea-3.1.0-validate.xsd');
