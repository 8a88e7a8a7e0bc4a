// The kernel seam lives in util (progress bars of the data and sweep stages use it too); the
// notebook stage keeps importing it from here.
export { inKernel, sendBundle, setKernelWriterForTesting } from "../util/kernel";
export type { MimeBundle } from "../util/kernel";
