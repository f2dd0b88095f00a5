//! The SQL of `OrgStore`, compiled into each backend (see `crate::sql`).

use super::sql::{audit_in, on_constraint, one, Query};
use super::Db;
use crate::orgs::rows::{network, InterventionRow, MemberRow, MembershipRow, OrgRow};
use crate::orgs::OrgStore;
use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::interventions::{Intervention, InterventionFields};
use samordna_domain::orgs::members::{Member, NewMember};
use samordna_domain::orgs::networks::{Membership, Network, NetworkId, NewNetwork};
use samordna_domain::orgs::{NewOrg, Org, OrgId};

const MEMBERSHIP: &str =
    "SELECT n.id AS network_id, n.slug AS network_slug, n.name AS network_name,
            o.id AS org_id, o.slug AS org_slug, o.name AS org_name, m.joined_at, m.consented_by
     FROM network_members m JOIN networks n ON n.id = m.network_id JOIN orgs o ON o.id = m.org_id";

const INTERVENTION_COLUMNS: &str =
    "id, org_id, slug, name, kind, long_term, goal, target_group, content, follow_up,
     age_min, age_max, priority_age_min, priority_age_max, goal_share_bp, capacity_per_fte";

/// Binds the fields of an intervention as `$1`…`$14`, in the column order of the INSERT.
fn bind_intervention<'q>(q: Query<'q>, f: &'q InterventionFields) -> Query<'q> {
    q.bind(&f.slug)
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.long_term)
        .bind(&f.description.goal)
        .bind(&f.description.target_group)
        .bind(&f.description.content)
        .bind(&f.description.follow_up)
        .bind(f.target_age.min as i64)
        .bind(f.target_age.max as i64)
        .bind(f.priority_age.map(|a| a.min as i64))
        .bind(f.priority_age.map(|a| a.max as i64))
        .bind(f.goal_share.map(|s| s.basis_points() as i64))
        .bind(f.capacity_per_fte.map(|c| c as i64))
}

#[async_trait]
impl OrgStore for Db {
    async fn create_org(&self, actor: &Actor, new: &NewOrg) -> Result<Org> {
        let mut tx = self.write_tx().await?;
        let row: OrgRow = sqlx::query_as("INSERT INTO orgs (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id, slug, name")
            .bind(new.slug.as_str())
            .bind(&new.name)
            .bind(crate::now_unix())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_constraint("orgs_slug_key", "slug"))?;
        let org = row.into_domain()?;
        for (i, (code, label, outcome)) in samordna_domain::participants::DEFAULT_EXIT_REASONS
            .iter()
            .enumerate()
        {
            sqlx::query("INSERT INTO exit_reasons (org_id, code, label, outcome, position) VALUES ($1, $2, $3, $4, $5)")
                .bind(org.id.0)
                .bind(*code)
                .bind(*label)
                .bind(outcome.as_str())
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        audit_in(
            &mut tx,
            Some(org.id),
            actor,
            &AuditEvent::new(AuditAction::Create, "org", org.id.0).with_detail(&org.name),
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn org_by_slug(&self, slug: &str) -> Result<Org> {
        let row: Option<OrgRow> = sqlx::query_as("SELECT id, slug, name FROM orgs WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        one(row)?.into_domain()
    }

    async fn get_org(&self, id: OrgId) -> Result<Org> {
        let row: Option<OrgRow> = sqlx::query_as("SELECT id, slug, name FROM orgs WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        one(row)?.into_domain()
    }

    async fn list_orgs(&self) -> Result<Vec<Org>> {
        let rows: Vec<OrgRow> = sqlx::query_as("SELECT id, slug, name FROM orgs ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(OrgRow::into_domain).collect()
    }

    // ---- members ----

    async fn list_members(&self, org: OrgId) -> Result<Vec<Member>> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT id, org_id, name, kind FROM members WHERE org_id = $1
             ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, name",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(MemberRow::into_domain).collect()
    }

    async fn get_member(&self, org: OrgId, id: i64) -> Result<Member> {
        let row: Option<MemberRow> = sqlx::query_as(
            "SELECT id, org_id, name, kind FROM members WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        one(row)?.into_domain()
    }

    async fn create_member(&self, org: OrgId, actor: &Actor, new: &NewMember) -> Result<Member> {
        let mut tx = self.write_tx().await?;
        let row: MemberRow = sqlx::query_as(
            "INSERT INTO members (org_id, name, kind) VALUES ($1, $2, $3) RETURNING id, org_id, name, kind",
        )
        .bind(org.0)
        .bind(&new.name)
        .bind(new.kind.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("members_org_id_name_key", "name"))?;
        let m = row.into_domain()?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "member", m.id).with_detail(&m.name),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn update_member(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        new: &NewMember,
    ) -> Result<Member> {
        let mut tx = self.write_tx().await?;
        let row: Option<MemberRow> = sqlx::query_as(
            "UPDATE members SET name = $3, kind = $4 WHERE org_id = $1 AND id = $2 RETURNING id, org_id, name, kind",
        )
        .bind(org.0)
        .bind(id)
        .bind(&new.name)
        .bind(new.kind.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("members_org_id_name_key", "name"))?;
        let m = one(row)?.into_domain()?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "member", id).with_detail(&m.name),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn delete_member(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        self.delete_owned("members", "member", org, actor, id).await
    }

    // ---- interventions ----

    async fn list_interventions(&self, org: OrgId) -> Result<Vec<Intervention>> {
        let sql = format!("SELECT {INTERVENTION_COLUMNS} FROM interventions WHERE org_id = $1 ORDER BY kind, name");
        let rows: Vec<InterventionRow> = sqlx::query_as(&sql)
            .bind(org.0)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(InterventionRow::into_domain).collect()
    }

    async fn get_intervention(&self, org: OrgId, slug: &str) -> Result<Intervention> {
        let sql = format!(
            "SELECT {INTERVENTION_COLUMNS} FROM interventions WHERE org_id = $1 AND slug = $2"
        );
        let row: Option<InterventionRow> = sqlx::query_as(&sql)
            .bind(org.0)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        one(row)?.into_domain()
    }

    async fn create_intervention(
        &self,
        org: OrgId,
        actor: &Actor,
        f: &InterventionFields,
    ) -> Result<Intervention> {
        let mut tx = self.write_tx().await?;
        let sql = format!(
            "INSERT INTO interventions (slug, name, kind, long_term, goal, target_group, content, follow_up,
                age_min, age_max, priority_age_min, priority_age_max, goal_share_bp, capacity_per_fte, org_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             RETURNING {INTERVENTION_COLUMNS}"
        );
        let row: InterventionRow = bind_intervention(sqlx::query(&sql), f)
            .bind(org.0)
            .try_map(|r| <InterventionRow as sqlx::FromRow<_>>::from_row(&r))
            .fetch_one(&mut *tx)
            .await
            .map_err(on_constraint("interventions_org_id_slug_key", "slug"))?;
        let i = row.into_domain()?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "intervention", i.id).with_detail(&i.fields.name),
        )
        .await?;
        tx.commit().await?;
        Ok(i)
    }

    async fn update_intervention(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        f: &InterventionFields,
    ) -> Result<Intervention> {
        let mut tx = self.write_tx().await?;
        let sql = format!(
            "UPDATE interventions SET slug = $1, name = $2, kind = $3, long_term = $4, goal = $5, target_group = $6,
                content = $7, follow_up = $8, age_min = $9, age_max = $10, priority_age_min = $11,
                priority_age_max = $12, goal_share_bp = $13, capacity_per_fte = $14
             WHERE org_id = $15 AND id = $16
             RETURNING {INTERVENTION_COLUMNS}"
        );
        let row: Option<InterventionRow> = bind_intervention(sqlx::query(&sql), f)
            .bind(org.0)
            .bind(id)
            .try_map(|r| <InterventionRow as sqlx::FromRow<_>>::from_row(&r))
            .fetch_optional(&mut *tx)
            .await
            .map_err(on_constraint("interventions_org_id_slug_key", "slug"))?;
        let i = one(row)?.into_domain()?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "intervention", id).with_detail(&i.fields.name),
        )
        .await?;
        tx.commit().await?;
        Ok(i)
    }

    async fn delete_intervention(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        self.delete_owned("interventions", "intervention", org, actor, id)
            .await
    }

    // ---- networks ----

    async fn create_network(&self, actor: &Actor, new: &NewNetwork) -> Result<Network> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO networks (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&new.slug)
        .bind(&new.name)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("networks_slug_key", "slug"))?;
        let event = AuditEvent::new(AuditAction::Create, "network", id).with_detail(&new.slug);
        audit_in(&mut tx, None, actor, &event).await?;
        tx.commit().await?;
        Ok(network((id, new.slug.clone(), new.name.clone())))
    }

    async fn network_by_slug(&self, slug: &str) -> Result<Network> {
        let row = sqlx::query_as("SELECT id, slug, name FROM networks WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(network(one(row)?))
    }

    async fn get_network(&self, id: NetworkId) -> Result<Network> {
        let row = sqlx::query_as("SELECT id, slug, name FROM networks WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(network(one(row)?))
    }

    async fn list_networks(&self) -> Result<Vec<Network>> {
        let rows = sqlx::query_as("SELECT id, slug, name FROM networks ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(network).collect())
    }

    async fn join_network(&self, network: NetworkId, org: OrgId, actor: &Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let added = sqlx::query(
            "INSERT INTO network_members (network_id, org_id, joined_at, consented_by)
             SELECT id, $2, $3, $4 FROM networks WHERE id = $1
             ON CONFLICT (network_id, org_id) DO NOTHING",
        )
        .bind(network.0)
        .bind(org.0)
        .bind(crate::now_unix())
        .bind(&actor.label)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 1 {
            let event = AuditEvent::new(AuditAction::Create, "network_membership", network.0);
            audit_in(&mut tx, Some(org), actor, &event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn leave_network(&self, network: NetworkId, org: OrgId, actor: &Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("DELETE FROM network_members WHERE network_id = $1 AND org_id = $2")
            .bind(network.0)
            .bind(org.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(crate::StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::Delete, "network_membership", network.0);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn network_members(&self, network: NetworkId) -> Result<Vec<Membership>> {
        let rows: Vec<MembershipRow> = sqlx::query_as(&format!(
            "{MEMBERSHIP} WHERE m.network_id = $1 ORDER BY o.name"
        ))
        .bind(network.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(MembershipRow::into_domain).collect()
    }

    async fn org_networks(&self, org: OrgId) -> Result<Vec<Membership>> {
        let rows: Vec<MembershipRow> =
            sqlx::query_as(&format!("{MEMBERSHIP} WHERE m.org_id = $1 ORDER BY n.name"))
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(MembershipRow::into_domain).collect()
    }
}
