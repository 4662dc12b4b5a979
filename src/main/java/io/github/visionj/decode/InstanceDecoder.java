package io.github.visionj.decode;

import io.github.visionj.image.Tensors;
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
	 * Decoders that need one value per plane pixel read the maps interpolated to the plane's size
	 * ({@link Tensors#toPlaneSize}).
	 *
	 * @param maps shape [C, ceil(height / grid), ceil(width / grid)]
	 */
	default Instances decodeInstances(FloatTensor maps, int grid, int width, int height, DecoderSettings settings) {
		return decodeInstances(Tensors.toPlaneSize(maps, grid, 1, width, height), settings);
	}
}
