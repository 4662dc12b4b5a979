package io.github.visionj.output;

/**
 * What Analyze › Measure reports for one area ROI, in the image's calibrated units, under
 * ImageJ's column names: Area, X, Y (centroid), BX, BY, Width, Height (bounding box), Mean, Min,
 * Max, IntDen (area × mean), RawIntDen (pixel count × raw mean), Perim., Circ.
 */
public record RoiMeasurement(double area, double x, double y, double bx, double by, double width, double height,
	double mean, double min, double max, double intDen, double rawIntDen, double perimeter, double circularity)
{}
