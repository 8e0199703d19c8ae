/**
 * Matrix content URIs (`mxc://server/mediaId`), the only form of image source
 * the renderer accepts: it fetches them with authentication into blob: URLs.
 */

/** Server name (DNS name, IPv4 or [IPv6], optional port) and media id, as the spec defines them. */
export const mxcUri = /^mxc:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?\/[A-Za-z0-9_-]+$/;
