package dev.rewire.framework.grading;

import java.util.List;

/**
 * The shape of a parsed answer: what kind of mathematical object it is. Immutable. Brackets are
 * kept as written, so {@code (1,3)} and {@code (1,3]} are different objects, and so are a set
 * (unordered) and a tuple (ordered).
 */
sealed interface MathForm {

    /** A single expression: a number, or a formula in variables. */
    record Scalar(Expr expr) implements MathForm {
    }

    /**
     * A relation chain {@code a op b op c}: {@code operands.size() == operators.size() + 1}. Operators
     * are {@code =}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code in}.
     */
    record Relation(List<MathForm> operands, List<String> operators) implements MathForm {
    }

    /**
     * Elements between brackets, kept with the brackets as written: {@code (} and {@code [} open,
     * {@code )} and {@code ]} close. Two elements between any pair is an interval or a point; a
     * tuple or vector otherwise ({@code \langle\rangle} reads as parentheses).
     */
    record Bracketed(char open, char close, List<MathForm> elements) implements MathForm {
    }

    /** A set in braces, or a bare comma list of answers: order does not matter. */
    record Collection(List<MathForm> elements, boolean braced) implements MathForm {
    }

    /** A union of intervals or sets. */
    record Union(List<MathForm> members) implements MathForm {
    }

    /** A matrix, row by row (a vector is a matrix with one column or row). */
    record Matrix(List<List<Expr>> rows) implements MathForm {
    }

    /** An answer in words, normalized (lower case, collapsed spaces). */
    record Text(String words) implements MathForm {
    }

    /** A multiple-choice letter. */
    record Choice(char letter) implements MathForm {
    }
}
