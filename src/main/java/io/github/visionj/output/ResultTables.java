package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import ij.measure.ResultsTable;
import io.github.visionj.Csv;
import io.github.visionj.evaluate.Scores;

/** ImageJ results tables built from typed rows, one layout per kind of result. */
public final class ResultTables {

	private ResultTables() {}

	/** Label, Class, Score, then Analyze › Measure's columns, then Z and T. */
	public static ResultsTable instances(List<InstanceRow> rows) {
		RoiMeasurement none = new RoiMeasurement(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		return table(rows, new InstanceRow("", "", 0, none, 0, 0), (rt, row) -> {
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
		});
	}

	/** Class (index), Name, Area, Z, T. */
	public static ResultsTable classAreas(List<ClassAreaRow> rows) {
		return table(rows, new ClassAreaRow(0, "", 0, 0, 0), (rt, row) -> {
			rt.addValue("Class", row.classIndex());
			rt.addValue("Name", row.name());
			rt.addValue("Area", row.area());
			addPlane(rt, row.z(), row.t());
		});
	}

	/** Class, Score, X, Y, Width, Height, Z, T. */
	public static ResultsTable detections(List<DetectionRow> rows) {
		return table(rows, new DetectionRow("", 0, 0, 0, 0, 0, 0, 0), (rt, row) -> {
			rt.addValue("Class", row.className());
			rt.addValue("Score", row.score());
			rt.addValue("X", row.x());
			rt.addValue("Y", row.y());
			rt.addValue("Width", row.width());
			rt.addValue("Height", row.height());
			addPlane(rt, row.z(), row.t());
		});
	}

	/**
	 * Source, Class, Probability, then one column per class with its probability; with
	 * {@code topK} > 1, columns "Class 2", "Probability 2", … follow for the 2nd … k-th most
	 * probable class (k at most the number of classes).
	 */
	public static ResultsTable classification(List<ClassificationRow> rows, List<String> classNames, int topK) {
		int k = Math.min(topK, classNames.size());
		ResultsTable rt = table(rows, new ClassificationRow("", "", 0, new float[classNames.size()]), (t, row) -> {
			t.addValue("Source", row.source());
			t.addValue("Class", row.className());
			t.addValue("Probability", row.probability());
			for (int c = 0; c < classNames.size(); c++)
				t.addValue(classNames.get(c), row.probabilities()[c]);
			int[] ranked = row.ranked();
			for (int rank = 2; rank <= k; rank++) {
				t.addValue("Class " + rank, classNames.get(ranked[rank - 1]));
				t.addValue("Probability " + rank, row.probabilities()[ranked[rank - 1]]);
			}
		});
		precise(rt, "Probability");
		classNames.forEach(name -> precise(rt, name));
		for (int rank = 2; rank <= k; rank++)
			precise(rt, "Probability " + rank);
		return rt;
	}

	/** Per IoU threshold: TP, FP, FN, Precision, Recall, F1, AP, Mean matched IoU, PQ. */
	public static ResultsTable evaluation(List<Scores> total) {
		ResultsTable rt = new ResultsTable();
		for (Scores s : total) {
			rt.incrementCounter();
			rt.addValue("IoU threshold", s.threshold());
			rt.addValue("TP", s.tp());
			rt.addValue("FP", s.fp());
			rt.addValue("FN", s.fn());
			rt.addValue("Precision", s.precision());
			rt.addValue("Recall", s.recall());
			rt.addValue("F1", s.f1());
			rt.addValue("AP", s.ap());
			rt.addValue("Mean matched IoU", s.meanMatchedIou());
			rt.addValue("PQ", s.panopticQuality());
		}
		return rt;
	}

	/**
	 * One row per element, added by {@code add}. Without rows the table still gets its columns
	 * (from a placeholder row, removed again), so that its CSV file has a header.
	 */
	private static <R> ResultsTable table(List<R> rows, R placeholder, BiConsumer<ResultsTable, R> add) {
		ResultsTable rt = new ResultsTable();
		for (R row : rows.isEmpty() ? List.of(placeholder) : rows) {
			rt.incrementCounter();
			add.accept(rt, row);
		}
		if (rows.isEmpty()) rt.deleteRow(0);
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

	/**
	 * The table as CSV: a header (also for a table without rows), then one line per row, numbers
	 * as ImageJ formats them; text is quoted and made safe for spreadsheets ({@link Csv}).
	 */
	public static String csv(ResultsTable rt) {
		List<Integer> columns = new ArrayList<>();
		for (int c = 0; c <= rt.getLastColumn(); c++)
			if (rt.columnExists(c)) columns.add(c);
		// ImageJ's headings start with "Label" when the rows have labels.
		List<String> header = List.of(rt.getHeadings());
		boolean labels = header.size() > columns.size();
		StringBuilder csv = new StringBuilder(Csv.line(header));
		for (int row = 0; row < rt.size(); row++) {
			List<String> fields = new ArrayList<>();
			if (labels) fields.add(rt.getLabel(row) == null ? "" : rt.getLabel(row));
			for (int c : columns)
				fields.add(rt.getStringValue(c, row));
			csv.append(Csv.line(fields));
		}
		return csv.toString();
	}
}
