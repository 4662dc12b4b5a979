package io.github.visionj.output;

import java.util.List;

import ij.measure.ResultsTable;

/** ImageJ results tables built from typed rows, one layout per kind of result. */
public final class ResultTables {

	private ResultTables() {}

	/** Label, Class, Score, then Analyze › Measure's columns, then Z and T. */
	public static ResultsTable instances(List<InstanceRow> rows) {
		ResultsTable rt = new ResultsTable();
		for (InstanceRow row : rows) {
			rt.incrementCounter();
			rt.addLabel(row.label());
			rt.addValue("Class", row.className());
			rt.addValue("Score", row.score());
			RoiMeasurement m = row.measurement();
			rt.addValue("Area", m.area());
			rt.addValue("X", m.x());
			rt.addValue("Y", m.y());
			rt.addValue("BX", m.bx());
			rt.addValue("BY", m.by());
			rt.addValue("Width", m.width());
			rt.addValue("Height", m.height());
			rt.addValue("Mean", m.mean());
			rt.addValue("Min", m.min());
			rt.addValue("Max", m.max());
			rt.addValue("IntDen", m.intDen());
			rt.addValue("RawIntDen", m.rawIntDen());
			rt.addValue("Perim.", m.perimeter());
			rt.addValue("Circ.", m.circularity());
			addPlane(rt, row.z(), row.t());
		}
		return rt;
	}

	/** Class (index), Name, Area, Z, T. */
	public static ResultsTable classAreas(List<ClassAreaRow> rows) {
		ResultsTable rt = new ResultsTable();
		for (ClassAreaRow row : rows) {
			rt.incrementCounter();
			rt.addValue("Class", row.classIndex());
			rt.addValue("Name", row.name());
			rt.addValue("Area", row.area());
			addPlane(rt, row.z(), row.t());
		}
		return rt;
	}

	/** Class, Score, X, Y, Width, Height, Z, T. */
	public static ResultsTable detections(List<DetectionRow> rows) {
		ResultsTable rt = new ResultsTable();
		for (DetectionRow row : rows) {
			rt.incrementCounter();
			rt.addValue("Class", row.className());
			rt.addValue("Score", row.score());
			rt.addValue("X", row.x());
			rt.addValue("Y", row.y());
			rt.addValue("Width", row.width());
			rt.addValue("Height", row.height());
			addPlane(rt, row.z(), row.t());
		}
		return rt;
	}

	/** Source, Class, Probability, then one column per class with its probability. */
	public static ResultsTable classification(List<ClassificationRow> rows, List<String> classNames) {
		ResultsTable rt = new ResultsTable();
		for (ClassificationRow row : rows) {
			rt.incrementCounter();
			rt.addValue("Source", row.source());
			rt.addValue("Class", row.className());
			rt.addValue("Probability", row.probability());
			for (int c = 0; c < classNames.size(); c++)
				rt.addValue(classNames.get(c), row.probabilities()[c]);
		}
		precise(rt, "Probability");
		classNames.forEach(name -> precise(rt, name));
		return rt;
	}

	private static void addPlane(ResultsTable rt, int z, int t) {
		rt.addValue("Z", z);
		rt.addValue("T", t);
	}

	/** Probabilities near 0 or 1 need more than ImageJ's default three decimals. */
	public static void precise(ResultsTable rt, String column) {
		int index = rt.getColumnIndex(column);
		if (index != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(index, 5);
	}
}
