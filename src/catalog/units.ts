/** Base units of the library layers: seconds, bits per second, bytes. Named factors keep data tables readable. */
export const ms = 1e-3;
export const us = 1e-6;
export const kbps = 1e3;
export const Mbps = 1e6;
export const Gbps = 1e9;
export const KB = 1e3;
export const MB = 1e6;
export const GB = 1e9;
