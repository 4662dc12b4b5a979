package io.github.visionj.decode;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A uniform grid of boxes for finding the boxes that may overlap a given one without looking at
 * all of them. Each box is listed in every cell it touches; boxes beyond the grid's extent are
 * listed in its border cells, so nothing is missed.
 */
public final class BoxGrid {

	/** Keeps the grid's memory bounded however small the boxes are compared with the extent. */
	private static final int MAX_CELLS = 1 << 20;

	private final double minX, minY, cellSize;
	private final int columns, rows;
	private final int[][] cells;
	private final int[] cellSizes;
	private int[] seen = new int[64];
	private int query;

	/**
	 * @param cellSize a typical box size: much smaller makes each box touch many cells, much
	 *          larger puts many boxes in each cell
	 */
	public BoxGrid(double minX, double minY, double maxX, double maxY, double cellSize) {
		double w = Math.max(maxX - minX, 1), h = Math.max(maxY - minY, 1);
		double size = Math.max(cellSize, 1);
		size = Math.max(size, Math.sqrt(w * h / MAX_CELLS));
		this.minX = minX;
		this.minY = minY;
		this.cellSize = size;
		columns = (int) Math.ceil(w / size) + 1;
		rows = (int) Math.ceil(h / size) + 1;
		cells = new int[columns * rows][];
		cellSizes = new int[columns * rows];
	}

	/** An empty grid over the extent of these boxes (at least one), with cells the size of an average box. */
	public static BoxGrid covering(List<Detection> boxes) {
		double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
		double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY, size = 0;
		for (Detection d : boxes) {
			minX = Math.min(minX, d.x());
			minY = Math.min(minY, d.y());
			maxX = Math.max(maxX, d.x() + d.width());
			maxY = Math.max(maxY, d.y() + d.height());
			size += Math.max(d.width(), d.height());
		}
		return new BoxGrid(minX, minY, maxX, maxY, size / boxes.size());
	}

	/** Lists the box with this id (ids are small non-negative ints, e.g. list positions). */
	public void add(int id, double x0, double y0, double x1, double y1) {
		int cx0 = column(x0), cx1 = column(x1), cy0 = row(y0), cy1 = row(y1);
		for (int cy = cy0; cy <= cy1; cy++)
			for (int cx = cx0; cx <= cx1; cx++)
				append(cy * columns + cx, id);
		if (id >= seen.length) seen = Arrays.copyOf(seen, Math.max(id + 1, seen.length * 2));
	}

	/** Calls {@code action} once for every listed box sharing a cell with the given box. */
	public void forEachNear(double x0, double y0, double x1, double y1, IntConsumer action) {
		query++;
		int cx0 = column(x0), cx1 = column(x1), cy0 = row(y0), cy1 = row(y1);
		for (int cy = cy0; cy <= cy1; cy++)
			for (int cx = cx0; cx <= cx1; cx++) {
				int cell = cy * columns + cx;
				for (int k = 0; k < cellSizes[cell]; k++) {
					int id = cells[cell][k];
					if (seen[id] == query) continue;
					seen[id] = query;
					action.accept(id);
				}
			}
	}

	private void append(int cell, int id) {
		if (cells[cell] == null) cells[cell] = new int[4];
		else if (cellSizes[cell] == cells[cell].length) cells[cell] = Arrays.copyOf(cells[cell], cellSizes[cell] * 2);
		cells[cell][cellSizes[cell]++] = id;
	}

	private int column(double x) {
		return clamp((int) Math.floor((x - minX) / cellSize), columns);
	}

	private int row(double y) {
		return clamp((int) Math.floor((y - minY) / cellSize), rows);
	}

	private static int clamp(int i, int n) {
		return Math.max(0, Math.min(n - 1, i));
	}
}
