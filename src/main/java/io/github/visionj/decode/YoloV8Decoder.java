package io.github.visionj.decode;

import org.scijava.plugin.Plugin;

/**
 * Ultralytics YOLOv8 and later: output [1, 4 + K, N], one column per candidate box holding cx,
 * cy, w, h in input pixels and K class scores; a box's score is its best class score.
 */
@Plugin(type = Decoder.class, name = YoloV8Decoder.KEY)
public class YoloV8Decoder extends YoloDecoder {

	public static final String KEY = "yolov8";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	boolean fits(long rows, long columns) {
		return rows >= 5;
	}

	@Override
	String layout() {
		return "[1, 4 + K, N] (cx, cy, w, h, then K class scores, for N boxes)";
	}

	@Override
	String otherLayoutHint() {
		return "a YOLOv5-style output [1, N, 5 + K] needs decoder '" + YoloV5Decoder.KEY + "'";
	}

	@Override
	int boxCount(int rows, int columns) {
		return columns;
	}

	@Override
	int valuesPerBox(int rows, int columns) {
		return rows;
	}

	@Override
	void read(float[] data, int rows, int columns, int box, float[] values) {
		for (int r = 0; r < rows; r++)
			values[r] = data[r * columns + box];
	}

	@Override
	Detection candidate(float[] values) {
		return box(values, 4, 1f);
	}
}
