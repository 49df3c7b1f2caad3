export { fitImages, type FitOptions, type FittedImage, type ImageToFit } from './fitImages';
export { fitFrameImages, type FrameImageToFit, type FrameToFit, type FramesFitted } from './fitFrames';
export type { ImageDescription, ImageFitReport } from './report';
export { fittableFormat, type FittableFormat } from './inputFormat';
export { loadSharp, SharpUnavailableError, type Sharp, type SharpLoader } from './sharpLoader';
export { DEFAULT_MAX_IMAGE_SIDE, MAX_JPEG_QUALITY, MAX_MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, MIN_IMAGE_SHARE, MIN_JPEG_QUALITY, MIN_MAX_IMAGE_SIDE } from './limits';
