package io.github.visionj.pipeline;

import java.util.Arrays;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.image.Tensors;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.SizeRule;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * A network output for a region of a plane resized to the model's input size: network input
 * coordinate u maps to plane coordinate {@code x0 + (u - padX) / scaleX}.
 */
public record ResizedPrediction(FloatTensor output, double x0, double y0, double scaleX, double scaleY, double padX,
	double padY)
{
	/**
	 * Runs the model once on a region of one 2D plane resized to the model's input size:
	 * stretched (classifiers) or letterboxed, keeping the aspect ratio (detectors of a fixed
	 * size). Returns the postprocessed output and how to map input coordinates back.
	 *
	 * @param region x0, y0, width, height of the region in the plane
	 */
	public static ResizedPrediction of(ModelRunner runner, AxisImage<?> image, Plane plane, long[] region, boolean letterbox) {
		OutputCheck.refuseAugmentation(runner, letterbox ? "a list of boxes" : "class scores");
		TensorLayout in = runner.in;
		FloatTensor raw = OutputCheck.singleInput(runner, runner.samples.raw(image, plane), letterbox ? "boxes" : "class scores");
		long[] spatial = in.spatialOf(raw);
		long x0 = region[0], y0 = region[1], w = region[2], h = region[3];
		if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > spatial[1] || y0 + h > spatial[0]) throw new VisionJException(
			"The region " + w + "x" + h + " at (" + x0 + ", " + y0 + ") is not inside the " + spatial[1] + "x" + spatial[0] +
				" image; select a region within the image.");
		FloatTensor chw = in.toChannelFirst(raw);
		int c = (int) chw.dim(0);
		FloatTensor crop = FloatTensor.zeros(c, h, w);
		TensorRegions.copy(chw, new long[] { 0, y0, x0 }, crop, new long[3], new long[] { c, h, w });
		int targetH = (int) targetSize(in.axis(in.y), h), targetW = (int) targetSize(in.axis(in.x), w);
		double scale = 1, padX = 0, padY = 0;
		FloatTensor net;
		if (letterbox) {
			scale = Math.min((double) targetW / w, (double) targetH / h);
			int rw = Math.max(1, (int) Math.round(w * scale)), rh = Math.max(1, (int) Math.round(h * scale));
			padX = (targetW - rw) / 2;
			padY = (targetH - rh) / 2;
			FloatTensor small = Tensors.resize(crop, rh, rw);
			net = FloatTensor.zeros(c, targetH, targetW);
			Arrays.fill(net.data(), (float) letterboxFill(image));
			TensorRegions.copy(small, new long[3], net, new long[] { 0, (long) padY, (long) padX }, new long[] { c, rh, rw });
		}
		else {
			net = Tensors.resize(crop, targetH, targetW);
		}
		List<FloatTensor> modelInput = List.of(in.fromChannelFirst(net));
		runner.samples.preprocess(modelInput);
		FloatTensor result = runner.samples.postprocess(runner.predictTile(modelInput, null), modelInput).get(runner.mapOutput);
		double sx = letterbox ? scale : (double) targetW / w, sy = letterbox ? scale : (double) targetH / h;
		return new ResizedPrediction(result, x0, y0, sx, sy, padX, padY);
	}

	/** A size the axis accepts for a region of {@code size} pixels (classifier input). */
	private static long targetSize(AxisDescription axis, long size) {
		if (axis.size() instanceof SizeRule.Fixed f) return f.size();
		if (axis.size() instanceof SizeRule.Parameterized p) {
			long step = Math.max(1, p.step());
			return p.min() + Math.max(0, Math.round((double) (size - p.min()) / step)) * step;
		}
		return size;
	}

	private static double letterboxFill(AxisImage<?> image) {
		// YOLO pads 8-bit images with grey 114; other types get the same fraction of their range.
		double max = image.data().getType() instanceof UnsignedByteType ? 255
			: image.data().getType() instanceof UnsignedShortType ? 65535 : 1;
		return max * 114 / 255;
	}
}
