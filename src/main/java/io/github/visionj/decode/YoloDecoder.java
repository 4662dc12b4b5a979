package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * What the YOLO layouts share: one row of numbers per candidate box (cx, cy, w, h in input
 * pixels, then scores), a score threshold, then class-wise NMS. Subclasses say how a candidate is
 * laid out.
 */
abstract class YoloDecoder implements DetectionDecoder {

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.SCORE, Setting.OVERLAP, Setting.MAX_DETECTIONS);
	}

	@Override
	public List<Detection> decodeDetections(FloatTensor output, DecoderSettings settings) {
		long[] shape = output.shape();
		boolean batchOfOne = shape.length == 3 && shape[0] == 1;
		if (!(batchOfOne || shape.length == 2) || !fits(shape[shape.length - 2], shape[shape.length - 1]))
			throw new VisionJException("Decoder '" + key() + "' expects an output of shape " + layout() +
				" but the model gave " + Arrays.toString(shape) + "; " + otherLayoutHint() + ".");
		int rows = (int) shape[shape.length - 2], columns = (int) shape[shape.length - 1];
		List<Detection> candidates = new ArrayList<>();
		float[] values = new float[valuesPerBox(rows, columns)];
		for (int box = 0; box < boxCount(rows, columns); box++) {
			read(output.data(), rows, columns, box, values);
			Detection d = candidate(values);
			if (d.score() >= settings.score()) candidates.add(d);
		}
		return Boxes.nms(candidates, settings.nmsIou(), settings.maxDetections());
	}

	/** Whether a [rows, columns] output (batch axis removed) has this layout. */
	abstract boolean fits(long rows, long columns);

	abstract String layout();

	abstract String otherLayoutHint();

	abstract int boxCount(int rows, int columns);

	abstract int valuesPerBox(int rows, int columns);

	/** Copies the numbers of one candidate box into {@code values}. */
	abstract void read(float[] data, int rows, int columns, int box, float[] values);

	/** The box of one candidate's numbers. */
	abstract Detection candidate(float[] values);

	/** The box of centre (cx, cy) and size (w, h) with the best of the class scores from {@code firstClass}. */
	static Detection box(float[] values, int firstClass, float objectness) {
		int best = firstClass;
		for (int k = firstClass + 1; k < values.length; k++)
			if (values[k] > values[best]) best = k;
		float w = values[2], h = values[3];
		return new Detection(values[0] - w / 2.0, values[1] - h / 2.0, w, h, best - firstClass, objectness * values[best]);
	}
}
