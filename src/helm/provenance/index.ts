// Helm chart provenance (`.prov` files): what `helm template --verify --keyring` checks.
export { verifyArchive, verifyChartFile, verifyLocalChart, loadKeyring, defaultKeyring, type Verification, type PathResolver } from './verify.js';
export { verifyDownloadedChart, fetchProvenance, downloadedFileName, PROVENANCE_MEDIA_TYPE, type DownloadedChart, type ProvenanceConnection } from './download.js';
export { decodeClearsign, type ClearsignBlock } from './clearsign.js';
export { parseMessageBlock, type SumCollection } from './message-block.js';
export { OpenPgpError } from './errors.js';
export { verifyTemplateDownload, type TemplateDownloadVerify, type DebugLog } from './template.js';
