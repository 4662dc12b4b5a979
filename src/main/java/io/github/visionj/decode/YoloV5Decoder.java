package io.github.visionj.decode;

import org.scijava.plugin.Plugin;

/**
 * YOLOv5-style output [1, N, 5 + K]: one row per candidate box holding cx, cy, w, h in input
 * pixels, the objectness and K class scores; a box's score is objectness × its best class score.
 */
@Plugin(type = Decoder.class, name = YoloV5Decoder.KEY)
public class YoloV5Decoder extends YoloDecoder {

	public static final String KEY = "yolov5";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	boolean fits(long rows, long columns) {
		return columns >= 6;
	}

	@Override
	String layout() {
		return "[1, N, 5 + K] (cx, cy, w, h, objectness, then K class scores, for N boxes)";
	}

	@Override
	String otherLayoutHint() {
		return "a YOLOv8-style output [1, 4 + K, N] needs decoder '" + YoloV8Decoder.KEY + "'";
	}

	@Override
	int boxCount(int rows, int columns) {
		return rows;
	}

	@Override
	int valuesPerBox(int rows, int columns) {
		return columns;
	}

	@Override
	void read(float[] data, int rows, int columns, int box, float[] values) {
		System.arraycopy(data, box * columns, values, 0, columns);
	}

	@Override
	Detection candidate(float[] values) {
		return box(values, 5, values[4]);
	}
}
