-- The counts of bench/stats_hand.sql as an analyst would write them in DuckDB, straight from
-- the CSV files of `samordna bench-data` (:DIR), the progression with min_by/max_by: the
-- second baseline of bench/stats.sh. :FROM, :TO, :PFROM, :PTO are dates, :ORG a condition
-- on e.org_id (or TRUE), filled in by the script.
WITH periods(k, pf, pt) AS (VALUES (0, DATE :FROM, DATE :TO), (1, DATE :PFROM, DATE :PTO)),
episodes AS (SELECT * FROM read_csv(':DIR/episodes.csv', header = true)),
participants AS (SELECT * FROM read_csv(':DIR/participants.csv', header = true)),
exit_reasons AS (SELECT * FROM read_csv(':DIR/exit_reasons.csv', header = true)),
income AS (SELECT * FROM read_csv(':DIR/episode_income.csv', header = true)),
steps AS (SELECT * FROM read_csv(':DIR/progress_steps.csv', header = true)),
follow_ups AS (SELECT * FROM read_csv(':DIR/follow_ups.csv', header = true)),
s AS (
  SELECT p.k, p.pf, p.pt, e.id, e.participant_id AS pid, pa.gender, e.start_date, e.end_date,
         e.exit_reason_id, r.outcome,
         COALESCE(e.age_at_start, year(e.start_date) - pa.birth_year) AS age
  FROM periods p
  JOIN episodes e ON e.start_date <= p.pt AND (e.end_date IS NULL OR e.end_date >= p.pf)
  JOIN participants pa ON pa.id = e.participant_id
  LEFT JOIN exit_reasons r ON r.id = e.exit_reason_id
  WHERE :ORG AND e.start_date IS NOT NULL
),
person AS (
  SELECT k, pid, gender,
         MAX(CASE WHEN start_date >= pf THEN 1 ELSE 0 END) AS started,
         MAX(CASE WHEN end_date <= pt THEN 1 ELSE 0 END) AS ended,
         MAX(CASE WHEN end_date IS NULL OR end_date > pt THEN 1 ELSE 0 END) AS ongoing,
         MIN(CASE WHEN start_date >= pf THEN start_date END) AS first_start,
         MAX(CASE WHEN end_date <= pt THEN end_date END) AS last_end,
         MAX(start_date) AS last_start
  FROM s GROUP BY k, pid, gender
),
last_exit AS (
  SELECT s.* FROM s JOIN person p ON p.k = s.k AND p.pid = s.pid AND s.end_date = p.last_end
),
latest AS (
  SELECT s.k, s.gender, s.id,
         CASE WHEN le.outcome IN ('work', 'studies') THEN 1 ELSE 0 END AS to_ws,
         CASE WHEN s.end_date IS NOT NULL AND s.end_date < s.pt THEN s.end_date ELSE s.pt END AS until
  FROM s JOIN person p ON p.k = s.k AND p.pid = s.pid AND s.start_date = p.last_start
  LEFT JOIN last_exit le ON le.k = s.k AND le.pid = s.pid
),
prog AS (
  SELECT l.k, l.gender, l.to_ws, min_by(st.step, st.on_date) AS first_step, max_by(st.step, st.on_date) AS last_step
  FROM latest l LEFT JOIN steps st ON st.episode_id = l.id AND st.on_date <= l.until
  GROUP BY l.k, l.id, l.gender, l.to_ws
)
SELECT 'people', k, gender, 0, COUNT(*), SUM(started), SUM(ended), SUM(ongoing) FROM person GROUP BY k, gender
UNION ALL
SELECT 'age', s.k, s.gender,
       CASE WHEN s.age <= 19 THEN 0 WHEN s.age <= 24 THEN 1 WHEN s.age <= 29 THEN 2 ELSE 3 END,
       COUNT(*), 0, 0, 0
FROM s JOIN person p ON p.k = s.k AND p.pid = s.pid AND s.start_date = p.first_start
GROUP BY s.k, s.gender, 4
UNION ALL
SELECT 'exit', k, gender, exit_reason_id, COUNT(*),
       SUM(CASE WHEN outcome IN ('work', 'studies') THEN 1 ELSE 0 END), 0, 0
FROM last_exit GROUP BY k, gender, exit_reason_id
UNION ALL
SELECT 'income', le.k, '', 0, COUNT(*), 0, 0, 0
FROM last_exit le
JOIN income a ON a.episode_id = le.id AND a.phase = 'before'
JOIN income b ON b.episode_id = le.id AND b.phase = 'after'
GROUP BY le.k, a.source, b.source
UNION ALL
SELECT 'progression', k, gender, to_ws, COUNT(first_step),
       SUM(CASE WHEN last_step > first_step THEN 1 ELSE 0 END), SUM(last_step - first_step), 0
FROM prog GROUP BY k, gender, to_ws
UNION ALL
SELECT 'follow-up', le.k, le.gender, f.months, COUNT(*),
       SUM(CASE WHEN f.status IN ('work', 'studies') THEN 1 ELSE 0 END), 0, 0
FROM last_exit le JOIN follow_ups f ON f.episode_id = le.id AND f.done_on IS NOT NULL AND f.status IS NOT NULL
WHERE le.outcome IN ('work', 'studies')
GROUP BY le.k, le.gender, f.months;
