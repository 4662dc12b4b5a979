package io.github.visionj;

/**
 * A problem the user can fix: a bad model, an unsuitable image, a wrong setting, an unwritable
 * folder. The message is one sentence that names the problem and the fix; commands show it as
 * it is and the launcher prints it and exits non-zero, with no stack trace.
 */
public class VisionJException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public VisionJException(String message) {
		super(message);
	}

	public VisionJException(String message, Throwable cause) {
		super(message, cause);
	}
}
