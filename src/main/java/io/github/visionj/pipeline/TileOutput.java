package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.image.AxisImage;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;

/**
 * A tile of the network's output, the offset of the tile's input in the plane, the part of the
 * plane the tile answers for, and whether its input was padded beyond the plane's right or
 * bottom end (only in a plane smaller than one tile).
 */
public record TileOutput(FloatTensor output, long offsetX, long offsetY, long innerX0, long innerY0, long innerX1,
	long innerY1, boolean paddedX, boolean paddedY)
{
	/**
	 * Runs a model whose output is not an image (a detector) on the tiles of one 2D plane and
	 * returns each tile's raw output with where that tile lies in the plane.
	 */
	public static List<TileOutput> of(ModelRunner runner, AxisImage<?> image, Plane plane) {
		OutputCheck.refuseAugmentation(runner, "a list of boxes");
		TensorLayout in = runner.in;
		FloatTensor input = OutputCheck.singleInput(runner, runner.samples.normalised(image, plane), "boxes");
		AxisTiling[] tilings = runner.tiles.tilings(in.spatialOf(input), false);
		List<TileOutput> outputs = new ArrayList<>();
		TiledPrediction.forEachTile(tilings, runner.progress(), "Predicting tiles", (k, count) -> {
			FloatTensor tile = TiledPrediction.readTile(input, in, tilings, k);
			List<FloatTensor> results = runner.predictTile(List.of(tile), null);
			AxisTiling ty = tilings[tilings.length - 2], tx = tilings[tilings.length - 1];
			int ky = k[k.length - 2], kx = k[k.length - 1];
			outputs.add(new TileOutput(runner.samples.postprocess(results, List.of(input)).get(runner.mapOutput), tx.readStart(kx),
				ty.readStart(ky), tx.innerStart(kx), ty.innerStart(ky), tx.innerEnd(kx), ty.innerEnd(ky), tx.padded(), ty.padded()));
		});
		return outputs;
	}
}
