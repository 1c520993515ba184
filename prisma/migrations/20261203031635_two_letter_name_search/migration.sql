-- Two-letter name search (docs/decisions/0014-reads-at-icb-scale.md, "Two-letter fragments").

-- A practice's patients in the search's order, read from the index alone (it
-- holds every column the order and the match read): a two-letter word walks
-- the PCN's practices merged in that order. It replaces the index on
-- "practiceId" alone, whose look-ups it serves as well.
-- DropIndex
DROP INDEX "Patient_practiceId_idx";

-- CreateIndex
CREATE INDEX "Patient_practiceId_name_order_idx" ON "Patient"("practiceId", "familyName", "givenName", "dateOfBirth", "id");

-- Hand-written from here (Prisma's schema cannot declare an index on an
-- expression, and its diff leaves this one alone).
--
-- A word without three letters in a row ("al", "Li", "O'C") has no trigram
-- for pg_trgm to look up. The search matches `name ILIKE '%word%'`, and ILIKE
-- lower-cases the name and the pattern and compares them: so every pair of
-- characters in a row of the lower-cased word (wildcards aside) is a pair in
-- a row of the lower-cased name it matches. This function gives those pairs,
-- each once; the search asks the index below for the patients whose names hold
-- all of its words' pairs and then applies the ILIKE itself, so the index only
-- narrows what the same match reads. Pairs holding a LIKE wildcard or the
-- escape character (`%`, `_`, `\`) are left out on both sides: in a word they
-- are not literal characters, and no search asks for them.
CREATE FUNCTION name_bigrams(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ARRAY(
    SELECT DISTINCT substr(l.n, i, 2)
    FROM (SELECT lower(name) AS n) AS l, generate_series(1, char_length(l.n) - 1) AS i
    WHERE substr(l.n, i, 2) !~ '[%_\\]'
  );

-- Leads with the practice (btree_gin, as the trigram indexes do), so a search
-- within a PCN's practices reads only their patients' entries.
CREATE INDEX "Patient_practiceId_name_bigrams_idx" ON "Patient"
  USING GIN ("practiceId", (name_bigrams("givenName") || name_bigrams("familyName")));
