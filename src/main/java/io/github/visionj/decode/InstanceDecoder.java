package io.github.visionj.decode;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/** Decodes per-pixel output maps of one 2D plane into separate objects. */
public interface InstanceDecoder extends Decoder {

	/**
	 * @param maps the postprocessed output of one plane, shape [C, height, width]
	 */
	Instances decodeInstances(FloatTensor maps, DecoderSettings settings);

	/**
	 * Decodes maps predicted on a coarser grid than the plane (StarDist's "grid"): map pixel (i, j)
	 * belongs to plane pixel (grid·i, grid·j), and the objects are returned at the plane's size.
	 * Decoders that need one value per plane pixel refuse a grid above 1.
	 *
	 * @param maps shape [C, ceil(height / grid), ceil(width / grid)]
	 */
	default Instances decodeInstances(FloatTensor maps, int grid, int width, int height, DecoderSettings settings) {
		if (grid == 1) return decodeInstances(maps, settings);
		throw new VisionJException("Decoder '" + key() + "' needs one output value per image pixel, but the model gives one per " +
			grid + "x" + grid + " pixels; choose a model whose output has the size of its input, or the star-convex decoder.");
	}
}
