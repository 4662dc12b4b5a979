package io.github.visionj.decode;

/**
 * One detected box, in image pixel coordinates: pixel (i, j) covers [i, i+1) x [j, j+1), so a
 * box around exactly that pixel is (i, j, 1, 1).
 *
 * @param x left edge
 * @param y top edge
 * @param classIndex index into the model's class names
 * @param score confidence in [0, 1]
 */
public record Detection(double x, double y, double width, double height, int classIndex, float score) {

	public double area() {
		return Math.max(0, width) * Math.max(0, height);
	}

	/** Intersection over union of two boxes; 0 when either is empty. */
	public double iou(Detection o) {
		double iw = Math.min(x + width, o.x + o.width) - Math.max(x, o.x);
		double ih = Math.min(y + height, o.y + o.height) - Math.max(y, o.y);
		if (iw <= 0 || ih <= 0) return 0;
		double inter = iw * ih;
		return inter / (area() + o.area() - inter);
	}

	public Detection translate(double dx, double dy) {
		return new Detection(x + dx, y + dy, width, height, classIndex, score);
	}
}
