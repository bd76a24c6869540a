from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.accounts import selectors, services
from motcua.accounts.api.serializers import (
    ConsentSerializer,
    ProfileSerializer,
    RegisterSerializer,
    RepresentationSerializer,
)
from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Representation
from motcua.core.http import request_user
from motcua.organizations.api.serializers import ErrorSerializer


class RegisterThrottle(AnonRateThrottle):
    rate = "20/hour"


class RegisterView(APIView):
    """Create a resident account (e-mail or phone, password, optional personal ID)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        operation_id="accounts_register",
        request=RegisterSerializer,
        responses={201: ProfileSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        body = RegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.resident_register(**body.validated_data)
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)


class ProfileView(APIView):
    """The signed-in person's own profile."""

    @extend_schema(operation_id="accounts_profile_retrieve", responses=ProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request_user(request)).data)

    @extend_schema(
        operation_id="accounts_profile_update",
        request=ProfileSerializer,
        responses={200: ProfileSerializer, 400: ErrorSerializer},
    )
    def patch(self, request: Request) -> Response:
        user = request_user(request)
        body = ProfileSerializer(user, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = {
            k: ("" if v is None and k != "personal_id" else v)
            for k, v in body.validated_data.items()
        }
        user = services.resident_profile_update(actor=user, user=user, **changes)
        return Response(ProfileSerializer(user).data)


@extend_schema_view(
    list=extend_schema(operation_id="accounts_organisations_list"),
    create=extend_schema(
        operation_id="accounts_organisations_create",
        responses={201: RepresentationSerializer, 400: ErrorSerializer},
    ),
    retrieve=extend_schema(operation_id="accounts_organisations_retrieve"),
    partial_update=extend_schema(
        operation_id="accounts_organisations_update",
        responses={200: RepresentationSerializer, 400: ErrorSerializer},
    ),
    destroy=extend_schema(operation_id="accounts_organisations_destroy"),
)
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Representation],
):
    """Organisations the signed-in resident represents (files dossiers for)."""

    serializer_class = RepresentationSerializer
    queryset = Representation.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Representation]:
        return selectors.representation_list_for_user(user=request_user(self.request))

    @staticmethod
    def _flat(data: dict[str, Any]) -> dict[str, Any]:
        flat = dict(data.get("organisation", {}))
        if "role" in data:
            flat["role"] = data["role"]
        return flat

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        representation = services.representation_add(
            actor=request_user(request), **self._flat(body.validated_data)
        )
        return Response(self.get_serializer(representation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        representation = self.get_object()
        body = self.get_serializer(representation, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        representation = services.representation_update(
            actor=request_user(request),
            representation=representation,
            **self._flat(body.validated_data),
        )
        return Response(self.get_serializer(representation).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.representation_remove(
            actor=request_user(request), representation=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsentListView(APIView):
    """The signed-in person's consent records (current and withdrawn)."""

    @extend_schema(operation_id="accounts_consents_list", responses=ConsentSerializer(many=True))
    def get(self, request: Request) -> Response:
        consents = selectors.consent_list_for_user(user=request_user(request))
        return Response(ConsentSerializer(consents, many=True).data)


_PURPOSE = OpenApiParameter(
    "purpose", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ConsentPurpose.values
)


class ConsentGiveView(APIView):
    @extend_schema(
        operation_id="accounts_consents_give",
        request=None,
        parameters=[_PURPOSE],
        responses={200: ConsentSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request, purpose: str) -> Response:
        consent = services.consent_give(actor=request_user(request), purpose=purpose)
        return Response(ConsentSerializer(consent).data)


class ConsentWithdrawView(APIView):
    @extend_schema(
        operation_id="accounts_consents_withdraw",
        request=None,
        parameters=[_PURPOSE],
        responses={204: None, 400: ErrorSerializer},
    )
    def post(self, request: Request, purpose: str) -> Response:
        services.consent_withdraw(actor=request_user(request), purpose=purpose)
        return Response(status=status.HTTP_204_NO_CONTENT)
